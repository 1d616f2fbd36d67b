"""serve-api: the Youdu-compatible server API and the policy API an IM server consults (a front end, like
the CLI and the window: it calls the services and holds no business rule)."""
