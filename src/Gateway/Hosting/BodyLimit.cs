using Microsoft.AspNetCore.Http.Metadata;

namespace PowerAutomation.Gateway.Hosting;

/// <summary>Endpoint metadata raising (or lowering) the request body limit for the endpoints it is put on.</summary>
public sealed class BodyLimit(long bytes) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = bytes;
}
