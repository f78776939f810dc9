"""Networks, libraries (branches) and the people who use Gramota."""
