using System.Text.Json;
using PowerAutomation.Gateway.Errors;

namespace PowerAutomation.Gateway.Ai;

/// <summary>Reads a vendor-format JSON body, answering 413 / 415 / 400 in the vendor's error shape.</summary>
public static class AiRequestBody
{
    public static async Task<JsonDocument?> ReadAsync(HttpContext http, int maxBytes)
    {
        if (http.Request.ContentLength > maxBytes)
        {
            await VendorProblemWriter.WriteAsync(http, 413, ErrorCodes.PayloadTooLarge, $"The request body may have at most {maxBytes} bytes.");
            return null;
        }

        if (!http.Request.HasJsonContentType())
        {
            await VendorProblemWriter.WriteAsync(http, 415, ErrorCodes.UnsupportedMediaType, "Send the body as application/json.");
            return null;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                await VendorProblemWriter.WriteAsync(http, 413, ErrorCodes.PayloadTooLarge, $"The request body may have at most {maxBytes} bytes.");
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException exception)
        {
            await VendorProblemWriter.WriteAsync(http, 400, ErrorCodes.InvalidJson, $"The body is not valid JSON: {exception.Message}");
            return null;
        }
    }
}
