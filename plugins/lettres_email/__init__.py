"""Plugin en construction."""


def register():
    pass
