using System.Threading.Channels;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.Trainer.Telemetry;

namespace KappaAspire.Trainer.Distribution;

/// <summary>
/// The promoted model and everyone watching it: each <c>WatchModels</c> stream holds a subscription whose channel receives
/// every promotion (training, promote or rollback). A channel keeps only the newest package: a subscriber that falls behind
/// skips straight to the model it should serve rather than replaying stale ones.
/// </summary>
internal sealed class PromotedModelFeed(TrainerTelemetry telemetry)
{
    private static readonly BoundedChannelOptions ChannelOptions = new(1)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
        SingleWriter = false,
    };

    private readonly Lock _gate = new();
    private readonly HashSet<Channel<ModelPackage>> _subscribers = [];
    private ModelPackage? _current;

    public ModelPackage? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>The current package and, atomically with it, a channel of every later promotion.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<ModelPackage>(ChannelOptions);
        lock (_gate)
        {
            _subscribers.Add(channel);
            telemetry.SubscriberAdded();
            return new Subscription(this, channel, _current);
        }
    }

    public void Publish(ModelPackage package)
    {
        lock (_gate)
        {
            _current = package;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(package); // never blocks: DropOldest
            }
        }
    }

    private void Unsubscribe(Channel<ModelPackage> channel)
    {
        lock (_gate)
        {
            if (_subscribers.Remove(channel))
            {
                telemetry.SubscriberRemoved();
            }
        }

        channel.Writer.TryComplete();
    }

    internal sealed class Subscription(PromotedModelFeed feed, Channel<ModelPackage> channel, ModelPackage? initial) : IDisposable
    {
        /// <summary>The package promoted when the subscription began, or null if none was.</summary>
        public ModelPackage? Initial { get; } = initial;

        public ChannelReader<ModelPackage> Updates => channel.Reader;

        public void Dispose() => feed.Unsubscribe(channel);
    }
}
