// The rate specifications measure wall-clock pacing; running test classes side by side on a small machine would
// measure the scheduler instead.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
