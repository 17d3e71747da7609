"""Project configuration: settings, root URLs and the WSGI entry point. The apps live beside it; `shrhub` is
the foundation app they build on and names none of them."""
