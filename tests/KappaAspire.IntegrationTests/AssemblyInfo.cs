// Each test class starts a whole system (broker, five services); two at once would starve a 2-core machine.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
