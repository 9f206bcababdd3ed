namespace PowerAutomation.Gateway.Agents.Tools;

/// <summary>One replacement of an <c>edit_document</c> call: UTF-16 offsets <c>[From, To)</c> of the base revision and the new text.</summary>
public sealed record TextEdit(int From, int To, string Text);
