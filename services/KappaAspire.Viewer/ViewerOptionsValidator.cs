using Microsoft.Extensions.Options;

namespace KappaAspire.Viewer;

/// <summary>
/// Validates <see cref="ViewerOptions"/> from its data annotations, generated at compile time: an
/// <see cref="IValidateOptions{TOptions}"/> registered like every other service's validator.
/// </summary>
[OptionsValidator]
internal sealed partial class ViewerOptionsValidator : IValidateOptions<ViewerOptions>;
