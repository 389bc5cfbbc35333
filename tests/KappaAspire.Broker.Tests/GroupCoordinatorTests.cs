using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KappaAspire.Broker.Tests;

/// <summary>
/// The group coordinator's state machine on a clock the test moves: Empty → PreparingRebalance → CompletingRebalance →
/// Stable, new members, session expiry and rebalance timeouts, with no client and no waiting.
/// </summary>
public sealed partial class GroupCoordinatorTests : IDisposable
{
    private const string Group = "g";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly string _directory = Directory.CreateTempSubdirectory("groups-").FullName;
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private GroupCoordinator Coordinator(int initialRebalanceDelayMs = 0) => new(
        Options.Create(new BrokerOptions { GroupInitialRebalanceDelayMs = initialRebalanceDelayMs }),
        new OffsetStore(_directory, NullLogger.Instance),
        _time,
        NullLogger<GroupCoordinator>.Instance);

    private static Task<JoinGroupResult> Join(GroupCoordinator coordinator, string memberId = "", string client = "c", int sessionMs = 10_000, int rebalanceMs = 30_000, string? instance = null) =>
        coordinator.JoinAsync(
            new GroupJoin(Group, sessionMs, rebalanceMs, memberId, instance, "consumer", [("range", [1])], client, "/127.0.0.1", RequireKnownMemberId: false),
            CancellationToken.None);

    private static Task<SyncGroupResult> Sync(GroupCoordinator coordinator, JoinGroupResult joined, params (string MemberId, byte[] Assignment)[] assignments) =>
        Sync(coordinator, joined, null, assignments);

    private static Task<SyncGroupResult> Sync(GroupCoordinator coordinator, JoinGroupResult joined, string? instance, params (string MemberId, byte[] Assignment)[] assignments) =>
        coordinator.SyncAsync(Group, joined.GenerationId, joined.MemberId, instance, assignments, CancellationToken.None);

    private static string State(GroupCoordinator coordinator) => coordinator.Describe(Group).State;

    // Two members in a stable generation: the first joins alone, the second's arrival rebalances, the first rejoins.
    private static async Task<(JoinGroupResult Leader, JoinGroupResult Follower)> StableGroupOfTwo(GroupCoordinator coordinator, int followerSessionMs = 10_000)
    {
        var first = await Join(coordinator, client: "a", rebalanceMs: 20_000).WaitAsync(Patience);
        var follower = Join(coordinator, client: "b", sessionMs: followerSessionMs, rebalanceMs: 20_000);
        var leader = await Join(coordinator, first.MemberId, "a", rebalanceMs: 20_000).WaitAsync(Patience);
        var b = await follower.WaitAsync(Patience);
        var syncB = Sync(coordinator, b);
        await Sync(coordinator, leader, (leader.MemberId, [1]), (b.MemberId, [2])).WaitAsync(Patience);
        Assert.Equal([2], (await syncB.WaitAsync(Patience)).Assignment);
        Assert.Equal("Stable", State(coordinator));
        return (leader, b);
    }

    [Fact]
    public async Task A_first_member_takes_the_group_from_empty_through_a_rebalance_to_stable()
    {
        var coordinator = Coordinator();
        Assert.Equal("Dead", State(coordinator)); // unknown, no committed offsets

        var joined = await Join(coordinator).WaitAsync(Patience);
        Assert.Equal(ErrorCode.None, joined.Error);
        Assert.Equal(1, joined.GenerationId);
        Assert.Equal(joined.MemberId, joined.LeaderId);
        Assert.Equal("range", joined.ProtocolName);
        Assert.Equal("CompletingRebalance", State(coordinator));

        var synced = await Sync(coordinator, joined, (joined.MemberId, [7])).WaitAsync(Patience);
        Assert.Equal([7], synced.Assignment);
        Assert.Equal("Stable", State(coordinator));
        Assert.Equal([7], coordinator.Describe(Group).Members.Single().Assignment);
    }

    [Fact]
    public async Task The_initial_rebalance_waits_its_delay_for_more_members_before_completing()
    {
        var coordinator = Coordinator(initialRebalanceDelayMs: 3000);

        var first = Join(coordinator, client: "a");
        _time.Advance(TimeSpan.FromMilliseconds(1000));
        coordinator.Tick();
        var second = Join(coordinator, client: "b");
        Assert.False(first.IsCompleted);
        Assert.Equal("PreparingRebalance", State(coordinator));

        _time.Advance(TimeSpan.FromMilliseconds(3000));
        coordinator.Tick();
        var (a, b) = (await first.WaitAsync(Patience), await second.WaitAsync(Patience));
        Assert.Equal(1, a.GenerationId);
        Assert.Equal(1, b.GenerationId);
        Assert.Equal(2, a.Members.Count + b.Members.Count); // only the leader sees the members
    }

    [Fact]
    public async Task A_new_member_rebalances_a_stable_group_and_every_member_rejoins_into_the_next_generation()
    {
        var coordinator = Coordinator();
        var first = await Join(coordinator, client: "a").WaitAsync(Patience);
        await Sync(coordinator, first, (first.MemberId, [1])).WaitAsync(Patience);

        var newcomer = Join(coordinator, client: "b");
        Assert.Equal("PreparingRebalance", State(coordinator));
        Assert.Equal(ErrorCode.RebalanceInProgress, coordinator.Heartbeat(Group, first.GenerationId, first.MemberId));
        Assert.False(newcomer.IsCompleted);

        var rejoined = await Join(coordinator, first.MemberId, "a").WaitAsync(Patience);
        var joined = await newcomer.WaitAsync(Patience);
        Assert.Equal(2, rejoined.GenerationId);
        Assert.Equal(2, joined.GenerationId);
        Assert.Equal(first.MemberId, joined.LeaderId); // the leader stays the leader
        Assert.Equal(ErrorCode.IllegalGeneration, coordinator.Heartbeat(Group, first.GenerationId, first.MemberId));
    }

    [Fact]
    public async Task A_member_whose_session_lapses_is_removed_and_the_others_rebalance()
    {
        var coordinator = Coordinator();
        var (a, b) = await StableGroupOfTwo(coordinator, followerSessionMs: 5_000);

        // The leader keeps heartbeating; the follower goes silent.
        for (var second = 0; second < 6; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(ErrorCode.None, coordinator.Heartbeat(Group, a.GenerationId, a.MemberId));
            coordinator.Tick();
        }

        Assert.Equal("PreparingRebalance", State(coordinator));
        Assert.Equal(ErrorCode.UnknownMemberId, coordinator.Heartbeat(Group, b.GenerationId, b.MemberId));
        Assert.Equal(ErrorCode.RebalanceInProgress, coordinator.Heartbeat(Group, a.GenerationId, a.MemberId));
        var alone = await Join(coordinator, a.MemberId, "a").WaitAsync(Patience);
        Assert.Equal(a.GenerationId + 1, alone.GenerationId);
        Assert.Single(alone.Members);
    }

    [Fact]
    public async Task A_member_that_does_not_rejoin_within_the_rebalance_timeout_is_left_out_of_the_generation()
    {
        var coordinator = Coordinator();
        var (a, b) = await StableGroupOfTwo(coordinator);

        // A third member joins; the leader rejoins, the follower never does.
        var third = Join(coordinator, client: "c", rebalanceMs: 20_000);
        var rejoin = Join(coordinator, a.MemberId, "a", rebalanceMs: 20_000);
        _time.Advance(TimeSpan.FromMilliseconds(19_999));
        coordinator.Tick();
        Assert.False(rejoin.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        coordinator.Tick();
        var next = await rejoin.WaitAsync(Patience);
        Assert.Equal(a.GenerationId + 1, next.GenerationId);
        Assert.Equal(2, next.Members.Count);
        Assert.DoesNotContain(next.Members, m => m.MemberId == b.MemberId);
        Assert.Equal(ErrorCode.None, (await third.WaitAsync(Patience)).Error);
    }

    [Fact]
    public async Task When_the_last_member_leaves_the_group_is_empty_and_then_forgotten()
    {
        var coordinator = Coordinator();
        var joined = await Join(coordinator).WaitAsync(Patience);
        await Sync(coordinator, joined, (joined.MemberId, [1])).WaitAsync(Patience);

        Assert.Equal(ErrorCode.None, coordinator.Leave(Group, joined.MemberId));
        Assert.Equal("Empty", State(coordinator));
        Assert.Equal(1, coordinator.GroupCount);

        coordinator.Tick();
        Assert.Equal(0, coordinator.GroupCount);
        Assert.Equal(ErrorCode.UnknownMemberId, coordinator.Heartbeat(Group, joined.GenerationId, joined.MemberId));
    }
}
