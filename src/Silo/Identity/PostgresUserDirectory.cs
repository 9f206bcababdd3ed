using Npgsql;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Identity;

namespace PowerAutomation.Silo.Identity;

/// <summary>Writes the <c>users</c> read model.</summary>
public sealed class PostgresUserDirectory(NpgsqlDataSource dataSource) : IUserDirectory
{
    public async Task UpsertAsync(UserProfile profile, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO users (user_id, email, display_name, roles, mfa_enabled, created_at, updated_at)
            VALUES (@id, @email, @name, @roles, @mfa, @created, now())
            ON CONFLICT (user_id) DO UPDATE SET
                email = EXCLUDED.email, display_name = EXCLUDED.display_name, roles = EXCLUDED.roles,
                mfa_enabled = EXCLUDED.mfa_enabled, updated_at = now()
            """);
        command.Parameters.AddWithValue("id", profile.UserId);
        command.Parameters.AddWithValue("email", profile.Email);
        command.Parameters.AddWithValue("name", profile.DisplayName);
        command.Parameters.AddWithValue("roles", profile.Roles.ToArray());
        command.Parameters.AddWithValue("mfa", profile.MfaEnabled);
        command.Parameters.AddWithValue("created", profile.CreatedAt.UtcDateTime);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
