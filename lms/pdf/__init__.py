"""PDF building blocks shared by the certificates and the login cards."""
