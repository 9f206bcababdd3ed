using Npgsql;
using NpgsqlTypes;

namespace PowerAutomation.Silo.Database;

/// <summary>Binary COPY helpers shared by the batching writers.</summary>
public static class BinaryImport
{
    /// <summary>Writes the value, or NULL when there is none.</summary>
    public static async Task WriteNullableAsync<T>(this NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            await importer.WriteNullAsync();
        }
        else
        {
            await importer.WriteAsync(value, type);
        }
    }
}
