using KappaAspire.Inference.Extensions;
using KappaAspire.Inference.Status;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Inference.Reprocessing;

/// <summary>
/// One reprocessing run's scoring: the live inference host itself (the same DI, consume loop, warm-up, commits and
/// delivery guarantee), configured for the run: its consumer group, its output topic and exactly its model. A new group
/// starts at the earliest offsets; a restarted one resumes from its commits, warm-up rebuilding the features.
/// </summary>
internal sealed class RunHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Task _stopped;

    private RunHost(ReprocessingRun run, IHost host, Task stopped)
    {
        Run = run;
        _host = host;
        _stopped = stopped;
    }

    public ReprocessingRun Run { get; }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The scoring stopped on its own (a failure, or its host gave up): to be started again.</summary>
    public bool HasStopped => _stopped.IsCompleted;

    /// <summary>The run's scoring as <c>/status</c> of live inference shows it.</summary>
    public InferenceStatus Status => _host.Services.GetRequiredService<InferenceStatusReporter>().Report();

    /// <summary>Builds and starts the scoring of <paramref name="run"/> with the process's configuration plus the run's settings.</summary>
    public static async Task<RunHost> StartAsync(ReprocessingRun run, IConfiguration configuration, IHostEnvironment environment, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = environment.ContentRootPath,
            EnvironmentName = environment.EnvironmentName,
            ApplicationName = environment.ApplicationName,
            DisableDefaults = true,
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{InferenceOptions.SectionName}:{nameof(InferenceOptions.ConsumerGroup)}"] = run.ConsumerGroup,
            [$"{InferenceOptions.SectionName}:{nameof(InferenceOptions.PredictionsTopic)}"] = run.OutputTopic,
            [$"{InferenceOptions.SectionName}:{nameof(InferenceOptions.Model)}"] = run.Model,
        });
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(console => console.IncludeScopes = false);
        builder.AddServiceDefaults();
        builder.AddInferenceServices();

        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        // The host stops by itself when a hosted service fails (the default exception behaviour): that is "stopped".
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stopping.Register(() => stopped.TrySetResult());
        return new RunHost(run, host, stopped.Task);
    }

    /// <summary>Stops the scoring: in-flight predictions are flushed and the progress committed (the consume loop's shutdown).</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _host.StopAsync(deadline.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            _host.Dispose();
        }
    }
}
