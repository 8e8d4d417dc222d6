"""What counts as text: a lone UTF-16 surrogate (from a JSON escape such as "\\ud800", or
undecodable bytes of a command line) is not Unicode and cannot be stored or sent."""


def is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
