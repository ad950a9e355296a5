"""Text bound for the terminal, made safe: data from the API or a crafted file is shown,
never obeyed."""


def printable(text: str) -> str:
    """`text` with control characters escaped (`\\x1b`, `\\n`), so that a name, a file name
    or an error quoting either cannot move the cursor, rewrite lines or retitle the window."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
