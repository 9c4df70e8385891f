from django.http import JsonResponse

from fazhi.org.scope import get_visible_or_404

from .models import SampleCase


def case_list(request):
    rows = SampleCase.objects.visible_to(request.user).order_by("pk")
    return JsonResponse({"titles": [r.title for r in rows]})


def case_detail(request, pk):
    case = get_visible_or_404(request.user, SampleCase, pk=pk)
    return JsonResponse({"title": case.title})
