// Each test class starts a whole system (broker, five services); two at once would starve a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
