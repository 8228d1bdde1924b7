using Port.Client.Http;

namespace Port.Client.Tests;

public class AdaptiveConcurrencyTests
{
    [Test]
    public async Task OneBurstOf429_HalvesOnce_AndAcceptedAnswersRegrowItToTheMaximum()
    {
        var limit = new AdaptiveConcurrency(8);
        var burst = new List<AdaptiveConcurrency.Slot>();
        for (var i = 0; i < 8; i++)
        {
            burst.Add(await limit.EnterAsync(CancellationToken.None));
        }

        Assert.That(burst.Select(limit.Throttled), Is.EqualTo(new[] { true, false, false, false, false, false, false, false }));
        Assert.That(limit.Limit, Is.EqualTo(4));
        burst.ForEach(slot => limit.Leave(slot, accepted: false));

        for (var round = 0; round < 25; round++)
        {
            limit.Leave(await limit.EnterAsync(CancellationToken.None), accepted: true);
        }

        Assert.That(limit.Limit, Is.EqualTo(8), "1/limit an answer: 4 → 8 takes 4 + 5 + 6 + 7 = 22 answers");
    }

    [Test]
    public async Task AFullLimit_MakesTheNextWait_UntilASlotIsLeft()
    {
        var limit = new AdaptiveConcurrency(1);
        var first = await limit.EnterAsync(CancellationToken.None);

        var second = limit.EnterAsync(CancellationToken.None);
        Assert.That(second.IsCompleted, Is.False);

        limit.Leave(first, accepted: true);
        Assert.That(await second.WaitAsync(TimeSpan.FromSeconds(5)), Is.EqualTo(new AdaptiveConcurrency.Slot(0)));
    }

    [Test]
    public async Task ThrottledAtOne_StaysAtOne()
    {
        var limit = new AdaptiveConcurrency(1);
        var slot = await limit.EnterAsync(CancellationToken.None);

        Assert.That(limit.Throttled(slot), Is.False);
        Assert.That(limit.Limit, Is.EqualTo(1));
    }
}
