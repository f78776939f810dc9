"""Building pages, for every feature: forms and downloads, tables as files, the courses a
visitor may see, reading comfort, the page cache, template helpers, static files."""
