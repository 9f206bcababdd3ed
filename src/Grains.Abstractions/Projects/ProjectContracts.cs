namespace PowerAutomation.Grains.Abstractions.Projects;

/// <summary>A project as one of its members sees it.</summary>
[GenerateSerializer, Immutable, Alias("pa.ProjectMembership")]
public sealed record ProjectMembership(
    [property: Id(0)] Guid ProjectId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role);

/// <summary>A document of a project.</summary>
[GenerateSerializer, Immutable, Alias("pa.DocumentEntry")]
public sealed record DocumentEntry(
    [property: Id(0)] Guid DocumentId,
    [property: Id(1)] string Path);

/// <summary>Why a project call was refused.</summary>
public static class ProjectErrors
{
    public const string NotFound = "not_found";
    public const string Forbidden = "forbidden";
    public const string PathTaken = "path_taken";
    public const string TooManyInvitations = "too_many_invitations";
    public const string LastOwner = "last_owner";
    public const string InvalidName = "invalid_name";
}

/// <summary>A refusal a grain reports to its caller as a value rather than an exception.</summary>
[GenerateSerializer, Immutable, Alias("pa.ProjectResult`1")]
public sealed record ProjectResult<T>(
    [property: Id(0)] T? Value,
    [property: Id(1)] string? Error)
{
    public static ProjectResult<T> Ok(T value) => new(value, null);

    public static ProjectResult<T> Fail(string error) => new(default, error);
}
