namespace KappaAspire.IntegrationTests;

/// <summary>Tests that only observe and add data share one running system; fault tests start their own.</summary>
[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<KappaSystemFixture>
{
    public const string Name = "system";
}
