using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.ServiceDefaults.Configuration;

/// <summary>
/// Where the cluster's shared state lives and what the cluster is called (section <c>Cluster</c>).
/// Silos, gateways and embedded clients must agree on all of it.
/// </summary>
public sealed class ClusterSettings
{
    public const string Section = "Cluster";

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,100}$")]
    public string ClusterId { get; set; } = "pa-local";

    [Required, RegularExpression("^[A-Za-z0-9._-]{1,100}$")]
    public string ServiceId { get; set; } = "powerautomation";

    /// <summary>Npgsql connection string (also accepted as <c>ConnectionStrings:Postgres</c>).</summary>
    [Required(ErrorMessage = "Cluster:PostgresConnectionString (or ConnectionStrings:Postgres) must be set.")]
    public string PostgresConnectionString { get; set; } = "";

    /// <summary>StackExchange.Redis configuration string (also accepted as <c>ConnectionStrings:Redis</c>).</summary>
    [Required(ErrorMessage = "Cluster:RedisConnectionString (or ConnectionStrings:Redis) must be set.")]
    public string RedisConnectionString { get; set; } = "";
}
