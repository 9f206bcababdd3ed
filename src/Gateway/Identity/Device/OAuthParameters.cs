using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;

namespace PowerAutomation.Gateway.Identity.Device;

/// <summary>
/// The parameters of an OAuth request body: <c>application/x-www-form-urlencoded</c> as RFC 8628 says, or a JSON object
/// of strings. Unknown parameters are ignored (RFC 6749 §3.1); a repeated one is refused.
/// </summary>
public sealed class OAuthParameters
{
    private readonly Dictionary<string, string?> _values;

    private OAuthParameters(Dictionary<string, string?> values) => _values = values;

    public string? this[string name] => _values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public static async Task<(OAuthParameters? Parameters, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (InvalidDataException exception)
            {
                return (null, OAuthProblems.Create(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, "invalid_request", exception.Message));
            }

            foreach (var name in names.Where(form.ContainsKey))
            {
                if (form[name].Count > 1)
                {
                    return (null, OAuthProblems.InvalidRequest($"{name} is given more than once."));
                }

                values[name] = form[name].ToString();
            }

            return (new OAuthParameters(values), null);
        }

        if (request.HasJsonContentType())
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return (null, InvalidJson("The body must be a JSON object."));
                }

                foreach (var property in document.RootElement.EnumerateObject().Where(p => names.Contains(p.Name)))
                {
                    if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    {
                        return (null, InvalidJson($"{property.Name} must be a string."));
                    }

                    values[property.Name] = property.Value.GetString();
                }
            }
            catch (JsonException)
            {
                return (null, InvalidJson("The body is not valid JSON."));
            }

            return (new OAuthParameters(values), null);
        }

        if (request.ContentLength is null or 0 && string.IsNullOrEmpty(request.ContentType))
        {
            return (new OAuthParameters(values), null);
        }

        return (null, OAuthProblems.Create(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "invalid_request",
            "Send the parameters as application/x-www-form-urlencoded (or JSON)."));
    }

    private static ProblemHttpResult InvalidJson(string detail) =>
        OAuthProblems.Create(StatusCodes.Status400BadRequest, ErrorCodes.InvalidJson, "invalid_request", detail);
}
