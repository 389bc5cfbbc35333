using System.Security.Cryptography;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Testing;

namespace KappaAspire.Bench;

/// <summary>
/// The whole pipeline as separate processes, wired the way the AppHost wires it (same environment variables): embedded
/// broker, trainer, N inference replicas, optionally the reprocessor, producer and viewer, each on free loopback ports,
/// with temporary data directories and a random model-channel token and operator token. Disposing stops them all, producer first, and deletes the directories.
/// </summary>
internal sealed class PipelineProcesses : IDisposable
{
    public const int Partitions = 6;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly List<ServiceProcess> _processes = [];
    private BrokerProcess? _broker;

    public string Bootstrap => _broker?.Bootstrap ?? throw new InvalidOperationException("Not started.");
    public string ProducerUrl { get; private set; } = "";

    /// <summary>The trainer's HTTP endpoint (models, training, reprocessing runs).</summary>
    public string TrainerUrl { get; private set; } = "";

    /// <summary>The control endpoints' token (<c>Operator:Token</c>) of the trainer and producer.</summary>
    public string OperatorToken { get; private set; } = "";

    /// <summary>Every process, broker first, for CPU and memory sampling.</summary>
    public IReadOnlyList<ServiceProcess> All => _broker is null ? _processes : [_broker.Process, .. _processes];

    private double? _traceRatio;

    /// <param name="seed">Called with the bootstrap address once the topics exist, before any service starts (e.g. to write a log).</param>
    /// <param name="reprocessors">Replicas of the reprocessor (the inference project in its reprocessor role) to start, as the AppHost does.</param>
    public static async Task<PipelineProcesses> StartAsync(
        int replicas, int warmupRate, double? traceRatio, CancellationToken cancellationToken, Action<string>? seed = null, int reprocessors = 0)
    {
        var pipeline = new PipelineProcesses { _traceRatio = traceRatio };
        try
        {
            await pipeline.StartAllAsync(replicas, warmupRate, seed, reprocessors, cancellationToken);
            return pipeline;
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }
    }

    private async Task StartAllAsync(int replicas, int warmupRate, Action<string>? seed, int reprocessors, CancellationToken cancellationToken)
    {
        _broker = await BrokerProcess.StartAsync(cancellationToken);
        var kafka = _broker.Bootstrap;
        // The topics the AppHost declares (WithTopic), before any client can auto-create them.
        await KafkaLoad.EnsureTopicAsync(kafka, Topics.RawData, Partitions);
        await KafkaLoad.EnsureTopicAsync(kafka, Topics.Predictions, Partitions);
        await KafkaLoad.EnsureTopicAsync(kafka, Topics.DeadLetter, 1);
        await KafkaLoad.EnsureTopicAsync(kafka, Topics.Reprocessing, 1);
        seed?.Invoke(kafka);

        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        OperatorToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var trainerHttp = TrainerUrl = Url(FreePort.Next());
        var trainerGrpcPort = FreePort.Next();
        var registry = ServiceProcess.NewTempDirectory("trainer");
        var trainer = Start("trainer", "KappaAspire.Trainer", trainerHttp, new()
        {
            ["ConnectionStrings__kafka"] = kafka,
            ["ModelChannel__Token"] = token,
            ["ModelChannel__GrpcPort"] = trainerGrpcPort.ToString(),
            ["Operator__Token"] = OperatorToken,
            ["Trainer__RegistryPath"] = registry,
            // Train on start (retried until a first model is promoted), but no scheduled or growth-triggered retrain inside a
            // measured step.
            ["Trainer__RetrainInterval"] = "00:00:00",
            ["Trainer__RetrainGrowthFactor"] = "0",
        }, registry);

        // The trainer first: inference and viewer connect to it as they start (they would retry, but log each miss).
        await trainer.Process.WaitUntilHealthyAsync(trainer.Url + "/alive", StartTimeout, cancellationToken);

        var inference = Enumerable.Range(1, replicas).Select(i => Start($"inference-{i}", "KappaAspire.Inference", Url(FreePort.Next()), new()
        {
            ["ConnectionStrings__kafka"] = kafka,
            ["ModelChannel__Token"] = token,
            ["services__trainer__grpc__0"] = Url(trainerGrpcPort),
        })).ToList();

        inference.AddRange(Enumerable.Range(1, reprocessors).Select(i => Start($"reprocessor-{i}", "KappaAspire.Inference", Url(FreePort.Next()), new()
        {
            ["ConnectionStrings__kafka"] = kafka,
            ["ModelChannel__Token"] = token,
            ["services__trainer__grpc__0"] = Url(trainerGrpcPort),
            ["Inference__Role"] = "Reprocessor",
        })));

        var viewer = Start("viewer", "KappaAspire.Viewer", Url(FreePort.Next()), new()
        {
            ["ConnectionStrings__kafka"] = kafka,
            ["services__trainer__http__0"] = trainerHttp,
        });

        ProducerUrl = Url(FreePort.Next());
        var producer = Start("producer", "KappaAspire.Producer", ProducerUrl, new()
        {
            ["ConnectionStrings__kafka"] = kafka,
            ["Producer__ReadingsPerSecond"] = warmupRate.ToString(),
            ["Operator__Token"] = OperatorToken,
        });

        await Task.WhenAll(
            viewer.Process.WaitUntilHealthyAsync(viewer.Url + "/alive", StartTimeout, cancellationToken),
            producer.Process.WaitUntilHealthyAsync(producer.Url + "/alive", StartTimeout, cancellationToken),
            // Inference's /health is ready only once it holds a model; /alive says the process serves.
            Task.WhenAll(inference.Select(i => i.Process.WaitUntilHealthyAsync(i.Url + "/alive", StartTimeout, cancellationToken))));
    }

    private (ServiceProcess Process, string Url) Start(string name, string project, string url, Dictionary<string, string> environment, string? tempDir = null)
    {
        environment["ASPNETCORE_URLS"] = url;
        if (_traceRatio is { } ratio)
        {
            // The standard OpenTelemetry variables: a reading's trace is kept or dropped once, at the producer.
            environment["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio";
            environment["OTEL_TRACES_SAMPLER_ARG"] = ratio.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var process = ServiceProcess.Start(name, project, environment, tempDir: tempDir);
        _processes.Add(process);
        return (process, url);
    }

    private static string Url(int port) => $"http://127.0.0.1:{port}";

    /// <summary>Names of processes that have exited (they should not, during a run).</summary>
    public IEnumerable<string> Exited() => All.Where(p => p.HasExited).Select(p => p.Name);

    // Disposed from the benchmark's finally block, or from ProcessExit (SIGTERM) while the benchmark still runs.
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        // Producer (started last) first, so nothing is written while the rest stops; the broker last.
        for (var i = _processes.Count - 1; i >= 0; i--) _processes[i].Dispose();
        _processes.Clear();
        _broker?.Dispose();
        _broker = null;
    }
}
