"""The comment inbox: readers' form posts stored in SQLite until `make moderate`.

`settings`, `store` and `client` need only the standard library, so
`make moderate` reads an inbox without the web framework; `app` and
`__main__` are the web service (Flask on waitress).
"""
