namespace Port.Client.Http;

/// <summary>Whether a request on a route may be sent again after a failure that leaves unknown whether Port acted on it.</summary>
internal enum PortRepeat
{
    /// <summary>Sending it twice leaves Port as sending it once: reads, deletes, a PATCH that sets the same values.</summary>
    Safe,

    /// <summary>A repeat would act twice: a second run, a second log line.</summary>
    Unsafe,

    /// <summary>
    /// An entity write: safe only when it upserts and names every entity it sends. Without an identifier Port makes a
    /// new entity each time, and a plain create fails the second time.
    /// </summary>
    SafeWhenUpsertingByIdentifier,
}
