using System.Text;
using Npgsql;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Paging;
using PowerAutomation.Grains.Identity;
using PowerAutomation.Silo.Database;

namespace PowerAutomation.Silo.Identity;

/// <summary>Writes the <c>users</c> read model, and searches it for administrators.</summary>
public sealed class PostgresUserDirectory(NpgsqlDataSource dataSource) : IUserDirectory
{
    public async Task UpsertAsync(UserProfile profile, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO users (user_id, email, display_name, roles, mfa_enabled, email_verified, disabled, created_at, updated_at)
            VALUES (@id, @email, @name, @roles, @mfa, @verified, @disabled, @created, now())
            ON CONFLICT (user_id) DO UPDATE SET
                email = EXCLUDED.email, display_name = EXCLUDED.display_name, roles = EXCLUDED.roles,
                mfa_enabled = EXCLUDED.mfa_enabled, email_verified = EXCLUDED.email_verified,
                disabled = EXCLUDED.disabled, updated_at = now()
            """);
        command.Parameters.AddWithValue("id", profile.UserId);
        command.Parameters.AddWithValue("email", profile.Email);
        command.Parameters.AddWithValue("name", profile.DisplayName);
        command.Parameters.AddWithValue("roles", profile.Roles.ToArray());
        command.Parameters.AddWithValue("mfa", profile.MfaEnabled);
        command.Parameters.AddWithValue("verified", profile.EmailVerified);
        command.Parameters.AddWithValue("disabled", profile.Disabled);
        command.Parameters.AddWithValue("created", profile.CreatedAt.UtcDateTime);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UserProfile>> ListAsync(string? query, PageKey? after, int take, CancellationToken cancellationToken = default)
    {
        var sql = new StringBuilder("SELECT user_id, email, display_name, roles, mfa_enabled, created_at, email_verified, disabled FROM users WHERE true");
        await using var command = dataSource.CreateCommand();
        if (query is not null)
        {
            // A prefix: LIKE 'x%' over text_pattern_ops indexes (0009). The term's own % _ \ are escaped to match literally.
            sql.Append(" AND (email_normalized LIKE @prefix OR lower(display_name) LIKE @prefix)");
            command.Parameters.AddWithValue("prefix", LikePrefix(query.ToLowerInvariant()));
        }

        return await Keyset.PageAsync(sql, command, after, "created_at", "user_id", Keyset.GuidId, take, reader => new UserProfile(
            reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3), reader.GetBoolean(4),
            Keyset.Utc(reader, 5)) { EmailVerified = reader.GetBoolean(6), Disabled = reader.GetBoolean(7) }, cancellationToken);
    }

    public async Task<int> CountEnabledAdminsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM users WHERE 'admin' = ANY (roles) AND NOT disabled");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A LIKE pattern matching values that start with <paramref name="prefix"/> taken literally.</summary>
    public static string LikePrefix(string prefix) =>
        prefix.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
