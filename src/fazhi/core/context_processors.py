def workbench(request):
    """Expose the current membership (agency, region, role) to every template."""
    return {
        "current_membership": getattr(request, "membership", None),
        "memberships": getattr(request, "memberships", []),
    }
