"""Every error an operation can answer, declared once for the whole API (its OpenAPI schema) and answered in
one shape.

``declare_error_answers`` runs when the routers are mounted and adds to each operation the error statuses it
can answer, with the body the code really sends:

- **401** ``{"detail"}``: no session and no token, or a token that is wrong, expired or revoked (every
  operation);
- **403** ``{"detail"}``: a session's write without the CSRF token, or a record the caller may read but not
  change, or a refusal that is not the caller's to make (every operation);
- **404** ``{"detail"}``: a record that does not exist or is not visible to the caller (routes with an id or a
  code in the path, and writes whose body names a record, such as a decision's catalogue matter);
- **409** ``{"detail"}``: an action refused in the record's state (POST, PUT, PATCH and DELETE operations);
- **400** ``{"detail"}``: a body that is not JSON (operations with a body);
- **422** ``{"detail", "errors": [{"field", "message", "type"}]}``: parameters or a body that do not pass the
  checks (operations with any parameter or body).
"""

from ninja.params.models import BodyModel, PathModel

from fazhi.api.refusals import FieldErrorsOut, RefusalOut

ACTION_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def error_statuses(methods, models) -> dict[int, type]:
    """Return the error statuses (with their bodies) of an operation with these methods and parameter models."""
    answers = {401: RefusalOut, 403: RefusalOut}
    has_body = any(issubclass(model, BodyModel) for model in models)
    if any(issubclass(model, PathModel) for model in models) or (has_body and ACTION_METHODS.intersection(methods)):
        answers[404] = RefusalOut
    if ACTION_METHODS.intersection(methods):
        answers[409] = RefusalOut
    if any(issubclass(model, BodyModel) for model in models):
        answers[400] = RefusalOut
    if models:
        answers[422] = FieldErrorsOut
    return answers


def operations(api):
    """Yield every operation mounted on the API."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def declare_error_answers(api) -> None:
    """Add the error statuses each operation can answer to its responses (keeping any it declares itself)."""
    for operation in operations(api):
        for status, schema in error_statuses(operation.methods, operation.models).items():
            if status not in operation.response_models:
                operation.response_models[status] = operation._create_response_model(schema)
