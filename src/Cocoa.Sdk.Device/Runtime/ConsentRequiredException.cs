namespace Cocoa.Sdk.Runtime;

/// <summary>Thrown when an operation needs the user's consent and the user has not given it (or withdrew it).</summary>
public sealed class ConsentRequiredException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ConsentRequiredException()
        : base("The user has not agreed to exposure notification; call GrantConsentAsync after the user agrees.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ConsentRequiredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConsentRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
