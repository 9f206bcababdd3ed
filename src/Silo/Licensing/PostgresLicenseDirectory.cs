using System.Text;
using Npgsql;
using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Abstractions.Paging;
using PowerAutomation.Grains.Licensing;
using PowerAutomation.Silo.Database;

namespace PowerAutomation.Silo.Licensing;

/// <summary>The <c>licenses</c> index, searched by the owner's e-mail through the <c>users</c> read model.</summary>
public sealed class PostgresLicenseDirectory(NpgsqlDataSource dataSource) : ILicenseDirectory
{
    public async Task UpsertAsync(LicenseIndexEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO licenses (license_id, owner_id, edition, expires_at, max_devices, revoked, issued_at, updated_at)
            VALUES (@id, @owner, @edition, @expires, @devices, @revoked, @issued, now())
            ON CONFLICT (license_id) DO UPDATE SET
                edition = EXCLUDED.edition, expires_at = EXCLUDED.expires_at, max_devices = EXCLUDED.max_devices,
                revoked = licenses.revoked OR EXCLUDED.revoked, updated_at = now()
            """);
        command.Parameters.AddWithValue("id", entry.LicenseId);
        command.Parameters.AddWithValue("owner", entry.OwnerId);
        command.Parameters.AddWithValue("edition", entry.Edition);
        command.Parameters.AddWithValue("expires", entry.ExpiresAt.UtcDateTime);
        command.Parameters.AddWithValue("devices", entry.MaxDevices);
        command.Parameters.AddWithValue("revoked", entry.Revoked);
        command.Parameters.AddWithValue("issued", entry.IssuedAt.UtcDateTime);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(LicenseIndexEntry Entry, string Email)>> ListAsync(
        string? query, PageKey? after, int take, CancellationToken cancellationToken = default)
    {
        var sql = new StringBuilder("""
            SELECT l.license_id, l.owner_id, l.edition, l.expires_at, l.max_devices, l.revoked, l.issued_at, COALESCE(u.email, '')
            FROM licenses l LEFT JOIN users u ON u.user_id = l.owner_id WHERE true
            """);
        await using var command = dataSource.CreateCommand();
        if (query is not null)
        {
            sql.Append(" AND (strpos(u.email_normalized, lower(@query)) > 0 OR l.license_id = lower(@query))");
            command.Parameters.AddWithValue("query", query);
        }

        return await Keyset.PageAsync(sql, command, after, "l.issued_at", "l.license_id", id => id, take, reader => (
            new LicenseIndexEntry(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), Keyset.Utc(reader, 3),
                reader.GetInt32(4), reader.GetBoolean(5), Keyset.Utc(reader, 6)), reader.GetString(7)), cancellationToken);
    }
}
