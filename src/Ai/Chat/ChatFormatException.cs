namespace PowerAutomation.Ai.Chat;

/// <summary>A request or response that does not follow its protocol's format; the message says where.</summary>
public sealed class ChatFormatException(string message) : Exception(message);
