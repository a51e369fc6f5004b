"""The client's address, for every rule that counts or records by IP."""


def client_ip(request):
    """The address of the client that sent ``request``."""
    return request.META.get("REMOTE_ADDR", "")
