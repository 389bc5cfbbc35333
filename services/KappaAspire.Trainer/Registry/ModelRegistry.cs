using System.Text.Json;
using KappaAspire.Pipeline.Catalog;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.ServiceDefaults.Storage;
using KappaAspire.Trainer.Api;
using KappaAspire.Trainer.Distribution;
using KappaAspire.Trainer.Telemetry;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Registry;

/// <summary>
/// Every trained version as an immutable <c>&lt;version&gt;.kpkg</c> file (<see cref="ModelPackageSerializer"/>) plus
/// <c>registry.json</c> (promotion history and decisions), both written temp-then-rename. Loaded on construction, so a
/// restarted trainer serves the promoted version before its first training run. Promotions go out through
/// <see cref="PromotedModelFeed"/>. Thread-safe.
/// </summary>
internal sealed partial class ModelRegistry
{
    public const string PackageExtension = ".kpkg";
    public const string IndexFileName = "registry.json";

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, RegisteredModel> _models = new(StringComparer.Ordinal);
    private readonly PromotedModelFeed _feed;
    private readonly TrainerTelemetry _telemetry;
    private readonly ILogger<ModelRegistry> _logger;
    private RegistryIndex _index = RegistryIndex.Empty();
    private int _highestNumber; // over every package file, readable or not: a new version never overwrites one

    public ModelRegistry(IOptions<TrainerOptions> options, IHostEnvironment environment, PromotedModelFeed feed, TrainerTelemetry telemetry, ILogger<ModelRegistry> logger)
    {
        _feed = feed;
        _telemetry = telemetry;
        _logger = logger;
        DirectoryPath = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.RegistryPath));
        Directory.CreateDirectory(DirectoryPath);
        Load();
    }

    public string DirectoryPath { get; }

    public string? PromotedVersion
    {
        get
        {
            lock (_gate)
            {
                return _index.Promoted;
            }
        }
    }

    /// <summary>The promoted package, from memory.</summary>
    public ModelPackage? Promoted => _feed.Current;

    /// <summary>Every version, newest first, and the promoted one.</summary>
    public ModelList List()
    {
        lock (_gate)
        {
            var promoted = _index.Promoted;
            var models = _models.Values.Reverse()
                .Select(m => new ModelSummary(m.Version, m.Metadata.CreatedAt, m.Version == promoted, m.Metadata.Metrics, m.Metadata.TrainingRanges,
                    m.Metadata.FeatureSchemaVersion, m.Metadata.Sha256, m.SizeBytes, m.Decision, m.Metadata.TrainingSettings, m.Metadata.ScoreReference))
                .ToArray();
            return new ModelList(promoted, models);
        }
    }

    public IReadOnlyList<RegisteredModel> Models
    {
        get
        {
            lock (_gate)
            {
                return _models.Values.Reverse().ToArray();
            }
        }
    }

    /// <summary>Reads a stored version back from disk (hash and feature schema verified); null when there is no such version.</summary>
    /// <exception cref="InvalidModelPackageException">The file is corrupt or of another feature schema.</exception>
    public ModelPackage? Find(string version)
    {
        lock (_gate)
        {
            if (!_models.ContainsKey(version))
            {
                return null;
            }
        }

        if (_feed.Current is { } current && current.Version == version)
        {
            return current;
        }

        var package = ModelPackageSerializer.Deserialize(File.ReadAllBytes(PackagePath(version)));
        ModelPackageVerifier.Verify(package);
        return package;
    }

    /// <summary>Versions <paramref name="detector"/> as the next version and stores it with the decision taken on it. Does not promote.</summary>
    public ModelPackage Store(TrainedDetector detector, DateTimeOffset createdAt, IReadOnlyList<OffsetRange> trainingRanges, PromotionDecision decision)
    {
        lock (_gate)
        {
            var version = ModelVersion.Format(++_highestNumber);
            var package = detector.ToPackage(version, createdAt, trainingRanges);
            DurableFile.WriteAllBytes(PackagePath(version), ModelPackageSerializer.Serialize(package));
            _models[version] = new RegisteredModel(package.Metadata, package.ModelZip.LongLength, decision.Reason);
            _index.Decisions[version] = decision.Reason;
            SaveIndex();
            LogStored(_logger, version, DirectoryPath);
            return package;
        }
    }

    /// <summary>Makes <paramref name="version"/> the served model and announces it to every watcher. A no-op if it already is.</summary>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    /// <exception cref="InvalidModelPackageException">Its file is corrupt or of another feature schema: it stays unpromoted.</exception>
    public ModelPackage Promote(string version, string reason)
    {
        lock (_gate)
        {
            if (!_models.ContainsKey(version))
            {
                throw new KeyNotFoundException($"Model {version} is not in the registry.");
            }

            if (_index.Promoted == version && _feed.Current is { } current)
            {
                return current;
            }

            var package = ReadVerified(version);
            _index.PromotionHistory.Add(version);
            SaveIndex();
            Announce(package);
            LogPromoted(_logger, version, reason);
            return package;
        }
    }

    /// <summary>Promotes the version promoted before the current one.</summary>
    /// <exception cref="InvalidOperationException">No earlier promotion to go back to.</exception>
    public ModelPackage Rollback()
    {
        lock (_gate)
        {
            var history = _index.PromotionHistory;
            if (history.Count < 2)
            {
                throw new InvalidOperationException(history.Count == 0
                    ? "Nothing is promoted, so there is nothing to roll back."
                    : $"Model {history[^1]} is the only version ever promoted: there is no earlier one to roll back to.");
            }

            var from = history[^1];
            var to = history[^2];
            var package = ReadVerified(to);
            history.RemoveAt(history.Count - 1);
            SaveIndex();
            Announce(package);
            LogRolledBack(_logger, from, to);
            return package;
        }
    }

    private void Load()
    {
        foreach (var path in Directory.EnumerateFiles(DirectoryPath, "*" + PackageExtension))
        {
            var expected = Path.GetFileNameWithoutExtension(path);
            if (ModelVersion.TryParse(expected, out var number))
            {
                _highestNumber = Math.Max(_highestNumber, number);
            }

            try
            {
                var package = ModelPackageSerializer.Deserialize(File.ReadAllBytes(path));
                if (package.Version != expected || !ModelVersion.TryParse(expected, out _))
                {
                    LogSkipped(_logger, path, $"it holds version {package.Version}");
                    continue;
                }

                _models[expected] = new RegisteredModel(package.Metadata, package.ModelZip.LongLength, null);
            }
            catch (Exception ex) when (ex is InvalidModelPackageException or IOException)
            {
                LogSkipped(_logger, path, ex.Message);
            }
        }

        var indexPath = Path.Combine(DirectoryPath, IndexFileName);
        if (File.Exists(indexPath))
        {
            try
            {
                _index = JsonSerializer.Deserialize(File.ReadAllBytes(indexPath), RegistryJsonContext.Default.RegistryIndex) ?? RegistryIndex.Empty();
            }
            catch (JsonException ex)
            {
                // Without the index, nothing is promoted: the next training promotes afresh, or an operator promotes by hand.
                LogIndexUnreadable(_logger, indexPath, ex.Message);
                _index = RegistryIndex.Empty();
            }
        }

        foreach (var (version, decision) in _index.Decisions)
        {
            if (_models.TryGetValue(version, out var model))
            {
                _models[version] = model with { Decision = decision };
            }
        }

        // Serve the latest promotion whose package is still intact; drop from history any that is not.
        var history = _index.PromotionHistory;
        var changed = false;
        while (history.Count > 0)
        {
            var version = history[^1];
            try
            {
                if (!_models.ContainsKey(version))
                {
                    throw new InvalidModelPackageException($"its file {version}{PackageExtension} is missing or unreadable");
                }

                Announce(ReadVerified(version));
                break;
            }
            catch (Exception ex) when (ex is InvalidModelPackageException or IOException)
            {
                LogPromotedUnusable(_logger, version, ex.Message);
                history.RemoveAt(history.Count - 1);
                changed = true;
            }
        }

        if (changed)
        {
            SaveIndex();
        }

        LogLoaded(_logger, _models.Count, DirectoryPath, _index.Promoted ?? "none");
    }

    private ModelPackage ReadVerified(string version)
    {
        var package = ModelPackageSerializer.Deserialize(File.ReadAllBytes(PackagePath(version)));
        ModelPackageVerifier.Verify(package);
        return package;
    }

    private void Announce(ModelPackage package)
    {
        _feed.Publish(package);
        _telemetry.Promoted(package.Version);
    }

    private void SaveIndex() =>
        DurableFile.WriteAllBytes(Path.Combine(DirectoryPath, IndexFileName), JsonSerializer.SerializeToUtf8Bytes(_index, RegistryJsonContext.Default.RegistryIndex));

    private string PackagePath(string version) => Path.Combine(DirectoryPath, version + PackageExtension);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model registry {Directory}: {Count} versions, promoted {Promoted}")]
    private static partial void LogLoaded(ILogger logger, int count, string directory, string promoted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Path} in the model registry: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model registry index {Path} is unreadable ({Error}); starting with nothing promoted")]
    private static partial void LogIndexUnreadable(ILogger logger, string path, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Promoted model {Version} cannot be served ({Error}); falling back to the one promoted before it")]
    private static partial void LogPromotedUnusable(ILogger logger, string version, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored model {Version} in {Directory}")]
    private static partial void LogStored(ILogger logger, string version, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Promoted model {Version}: {Reason}")]
    private static partial void LogPromoted(ILogger logger, string version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rolled back from model {From} to {To}")]
    private static partial void LogRolledBack(ILogger logger, string from, string to);
}
