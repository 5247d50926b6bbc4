"""The notification bell of every page (templates/base.html)."""

from thidua.movements.selectors import unread_count


def notifications(request):
    """``unread_notifications``: the signed-in user's unread count, as a callable so
    that the COUNT runs only when a page draws the bell, and once per page."""
    cache: dict[str, int] = {}

    def count() -> int:
        if "n" not in cache:
            user = getattr(request, "user", None)
            signed_in = user is not None and user.is_authenticated
            cache["n"] = unread_count(user) if signed_in else 0
        return cache["n"]

    return {"unread_notifications": count}
