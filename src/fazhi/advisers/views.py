"""The links between the ledger's two lists (the advisers and the contract reviews), as the lists' own pages."""

from django.shortcuts import redirect


def to_contracts(request, pages):
    """The contract legality reviews' list, with the filters the link carries."""
    from fazhi.advisers.ledger import CONTRACTS

    query = request.GET.urlencode()
    return redirect(CONTRACTS.url("list") + (f"?{query}" if query else ""))


def to_advisers(request, pages):
    """The advisers' list, with the filters the link carries."""
    from fazhi.advisers.ledger import PAGES

    query = request.GET.urlencode()
    return redirect(PAGES.url("list") + (f"?{query}" if query else ""))
