namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>System roles. Everyone is a member; admins run the system.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Member = "member";

    public static bool IsKnown(string role) => role is Admin or Member;
}
