namespace Port.Client.Http;

/// <summary>Port's error answer to a request, as an <see cref="ErrorMeaning"/> reads it: the <c>error</c> code and the words of the message.</summary>
internal readonly record struct PortErrorAnswer(string? Error, string Message, PortRequest Request)
{
    /// <summary>The request ties its change to an action run (<c>run_id</c>), so the run may be what Port refused.</summary>
    public bool TiedToRun => Request.Query.Contains("run_id=", StringComparison.Ordinal);

    /// <summary>The message holds any of <paramref name="words"/>, in any case, anywhere ("entit" finds "entity" and "entities").</summary>
    public bool Mentions(params ReadOnlySpan<string> words)
    {
        foreach (var word in words)
        {
            if (Message.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// "run" as a word ("action run", "Run is", "run_id"), not inside another word ("runtime", "rerun"). A character
    /// check rather than a regular expression: the regex engine would add about 90 KB to every task binary.
    /// </summary>
    public bool MentionsRun()
    {
        var message = Message;
        for (var at = message.IndexOf("run", StringComparison.OrdinalIgnoreCase); at >= 0; at = message.IndexOf("run", at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + 3;
            if (message.AsSpan(end).StartsWith("_id", StringComparison.OrdinalIgnoreCase))
            {
                end += 3;
            }

            if ((at == 0 || !IsWordCharacter(message[at - 1])) && (end == message.Length || !IsWordCharacter(message[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c == '_';
}
