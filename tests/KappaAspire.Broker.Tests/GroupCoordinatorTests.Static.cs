using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Tests;

/// <summary>
/// Static membership (KIP-345): a member with a group instance id that restarts gets its old assignment back without
/// the group noticing, and whatever still carries the member id it replaced is fenced.
/// </summary>
public sealed partial class GroupCoordinatorTests
{
    // Two static members, "instance-a" (leader, assigned [1]) and "instance-b" (assigned [2]), in a stable generation.
    private static async Task<(JoinGroupResult Leader, JoinGroupResult Follower)> StableStaticGroupOfTwo(GroupCoordinator coordinator, int followerSessionMs = 10_000)
    {
        var first = await Join(coordinator, client: "a", rebalanceMs: 20_000, instance: "instance-a").WaitAsync(Patience);
        var follower = Join(coordinator, client: "b", sessionMs: followerSessionMs, rebalanceMs: 20_000, instance: "instance-b");
        var leader = await Join(coordinator, first.MemberId, "a", rebalanceMs: 20_000, instance: "instance-a").WaitAsync(Patience);
        var b = await follower.WaitAsync(Patience);
        var syncB = Sync(coordinator, b, "instance-b");
        await Sync(coordinator, leader, "instance-a", (leader.MemberId, [1]), (b.MemberId, [2])).WaitAsync(Patience);
        Assert.Equal([2], (await syncB.WaitAsync(Patience)).Assignment);
        return (leader, b);
    }

    [Fact]
    public async Task A_static_member_that_restarts_gets_its_assignment_back_without_a_rebalance()
    {
        var coordinator = Coordinator();
        var (a, b) = await StableStaticGroupOfTwo(coordinator);

        // The follower's process restarts: it joins with no member id and its instance id, and is answered at once.
        var restarted = await Join(coordinator, client: "b", rebalanceMs: 20_000, instance: "instance-b").WaitAsync(Patience);
        Assert.Equal(ErrorCode.None, restarted.Error);
        Assert.NotEqual(b.MemberId, restarted.MemberId);
        Assert.Equal(b.GenerationId, restarted.GenerationId);
        Assert.Equal(a.MemberId, restarted.LeaderId);
        Assert.Equal("Stable", State(coordinator));

        Assert.Equal([2], (await Sync(coordinator, restarted, "instance-b").WaitAsync(Patience)).Assignment);
        Assert.Equal(ErrorCode.None, coordinator.Heartbeat(Group, a.GenerationId, a.MemberId, "instance-a"));
        Assert.Equal(ErrorCode.None, coordinator.Heartbeat(Group, restarted.GenerationId, restarted.MemberId, "instance-b"));
        Assert.Equal(2, coordinator.Describe(Group).Members.Count);
    }

    [Fact]
    public async Task The_member_id_a_restarted_static_member_replaced_is_fenced()
    {
        var coordinator = Coordinator();
        var (_, b) = await StableStaticGroupOfTwo(coordinator);
        await Join(coordinator, client: "b", rebalanceMs: 20_000, instance: "instance-b").WaitAsync(Patience);

        Assert.Equal(ErrorCode.FencedInstanceId, coordinator.Heartbeat(Group, b.GenerationId, b.MemberId, "instance-b"));
        Assert.Equal(ErrorCode.FencedInstanceId, (await Sync(coordinator, b, "instance-b").WaitAsync(Patience)).Error);
        Assert.Equal(ErrorCode.FencedInstanceId, coordinator.ValidateCommit(Group, b.GenerationId, b.MemberId, "instance-b"));
        Assert.Equal(ErrorCode.FencedInstanceId, (await Join(coordinator, b.MemberId, "b", instance: "instance-b").WaitAsync(Patience)).Error);
        Assert.Equal([ErrorCode.FencedInstanceId], coordinator.Leave(Group, [(b.MemberId, "instance-b")]));
        Assert.Equal("Stable", State(coordinator));
    }

    [Fact]
    public async Task A_static_member_whose_session_lapses_is_removed_and_its_instance_id_joins_again_as_new()
    {
        var coordinator = Coordinator();
        var (a, _) = await StableStaticGroupOfTwo(coordinator, followerSessionMs: 5_000);
        for (var second = 0; second < 6; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            coordinator.Heartbeat(Group, a.GenerationId, a.MemberId, "instance-a");
            coordinator.Tick();
        }
        Assert.Equal("PreparingRebalance", State(coordinator));

        var returning = Join(coordinator, client: "b", rebalanceMs: 20_000, instance: "instance-b");
        Assert.False(returning.IsCompleted); // a member the group lost waits for the rebalance like any newcomer
        var leader = await Join(coordinator, a.MemberId, "a", rebalanceMs: 20_000, instance: "instance-a").WaitAsync(Patience);
        var joined = await returning.WaitAsync(Patience);
        Assert.Equal(a.GenerationId + 1, joined.GenerationId);
        Assert.Equal(2, leader.Members.Count);
        Assert.Contains(leader.Members, m => m.MemberId == joined.MemberId && m.GroupInstanceId == "instance-b");
    }

    [Fact]
    public async Task An_admin_removes_a_static_member_by_its_instance_id_alone_and_the_others_rebalance()
    {
        var coordinator = Coordinator();
        var (a, b) = await StableStaticGroupOfTwo(coordinator);

        Assert.Equal([ErrorCode.None, ErrorCode.UnknownMemberId], coordinator.Leave(Group, [("", "instance-b"), ("", "instance-z")]));
        Assert.Equal("PreparingRebalance", State(coordinator));
        Assert.Equal(ErrorCode.UnknownMemberId, coordinator.Heartbeat(Group, b.GenerationId, b.MemberId, "instance-b"));
        var alone = await Join(coordinator, a.MemberId, "a", instance: "instance-a").WaitAsync(Patience);
        Assert.Single(alone.Members);
    }
}
