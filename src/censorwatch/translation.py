"""Translation without Qt: every layer says its sentences through `translate` (the config's
errors as well as the verdicts), and the window or a command installs Qt's translator with
`set_translator` when the person's language has one."""

from __future__ import annotations

from collections.abc import Callable


def _untranslated(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return text.replace("%n", str(n)) if n >= 0 else text


_translate: Callable[..., str] = _untranslated


def reset_translator() -> None:
    """Back to English (the sentences as written)."""
    set_translator(_untranslated)


def set_translator(fn: Callable[..., str]) -> None:
    """Install Qt's `QCoreApplication.translate` (the window does, and the commands do when
    the locale is Russian)."""
    global _translate
    _translate = fn


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """Written `translate("Verdict", "…")` at every call so that pyside6-lupdate finds the
    message and its context; `%n` with `n` picks the plural form."""
    result = _translate(context, text, disambiguation, n)
    if n >= 0 and "(s)" in result:  # English, untranslated: "1 request", "4 requests"
        result = result.replace("(s)", "" if n == 1 else "s")
    return result


def number(value: float, decimals: int = 0) -> str:
    """A figure as the person's language writes it: "12.3" in English, "12,3" in Russian."""
    text = f"{value:.{decimals}f}"
    if decimals:
        text = text.replace(".", translate("Number", ".", "the decimal separator"))
    return text
