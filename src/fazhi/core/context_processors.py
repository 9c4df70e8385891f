def workbench(request):
    """Expose the current membership (agency, region, role) and what the navigation may offer."""
    user = getattr(request, "user", None)
    nav = {}
    if user is not None and user.is_authenticated:
        from fazhi.collection import rollup

        nav["rollup"] = rollup.may_view(user)
    from fazhi.ledgers.catalog import LEDGERS

    return {
        "ledgers": LEDGERS,
        "current_membership": getattr(request, "membership", None),
        "memberships": getattr(request, "memberships", []),
        "nav": nav,
    }
