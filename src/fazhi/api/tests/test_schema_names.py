"""Every schema of the API has a name of its own: two schemas of one name would share one component of the OpenAPI
document, and one of them would be described with the other's fields (a client then rejects correct answers)."""

from collections import defaultdict

from ninja import Schema

from fazhi.api.api import api


def _schemas(annotation, found):
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        if annotation in found[annotation.__name__]:
            return
        if not annotation.__name__.startswith("Ninja"):  # ninja's own wrappers of a response: not components
            found[annotation.__name__].add(annotation)
        for field in annotation.model_fields.values():
            _schemas(field.annotation, found)
    for arg in getattr(annotation, "__args__", ()) or ():
        _schemas(arg, found)


def test_no_two_schemas_share_a_name():
    found: dict[str, set] = defaultdict(set)
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in (operation.response_models or {}).values():
                    _schemas(model, found)
                for field in operation.models:
                    _schemas(field, found)
    # The same fields under one name (a shared error answer written twice) describe the same thing: not a clash.
    shared = {name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
              for name, classes in found.items()
              if len({str(sorted(c.model_json_schema().get("properties", {}).items())) for c in classes}) > 1}
    assert not shared
