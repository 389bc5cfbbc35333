using System.Globalization;

namespace KappaAspire.AppHost.Kafka;

/// <summary>
/// One Kafka process that is both broker and the only controller of its KRaft quorum, in the <c>KAFKA_*</c> environment
/// the Kafka images read: container mode and the Kubernetes StatefulSet share these; each adds its own listeners.
/// </summary>
internal static class KRaftSingleNode
{
    /// <summary>The node's id, and the only voter of the quorum.</summary>
    public const string NodeId = "1";

    /// <param name="clusterId">The id the log directory is formatted with (16 bytes, base64url); fixed, so a restart on the same log is accepted.</param>
    /// <param name="controllerPort">The port of the <c>CONTROLLER</c> listener, on localhost.</param>
    public static IEnumerable<KeyValuePair<string, string>> Environment(string clusterId, int controllerPort) =>
    [
        new("CLUSTER_ID", clusterId),
        new("KAFKA_NODE_ID", NodeId),
        new("KAFKA_PROCESS_ROLES", "broker,controller"),
        new("KAFKA_CONTROLLER_QUORUM_VOTERS", $"{NodeId}@localhost:{controllerPort.ToString(CultureInfo.InvariantCulture)}"),
        new("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER"),
        new("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT"),
    ];
}
