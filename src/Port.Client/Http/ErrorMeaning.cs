namespace Port.Client.Http;

/// <summary>
/// What an error answer on a route is about: <see cref="Subject"/>, unless <see cref="FromWords"/>, given only where
/// Port's status and <c>error</c> code leave it open, reads another subject in Port's answer.
/// </summary>
/// <param name="FromWords">Returns the subject Port's answer names, or null when it names none.</param>
internal sealed record ErrorMeaning(PortErrorSubject Subject, Func<PortErrorAnswer, PortErrorSubject?>? FromWords = null)
{
    public static implicit operator ErrorMeaning(PortErrorSubject subject) => new(subject);

    public PortErrorSubject Of(PortErrorAnswer answer) => FromWords?.Invoke(answer) ?? Subject;
}
