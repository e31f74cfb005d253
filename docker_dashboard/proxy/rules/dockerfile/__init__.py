"""Dockerfiles read as dockerd 20.10 reads them, decided, and written back.

dockerd 20.10's classic builder and its built-in BuildKit frontend share one
grammar (BuildKit v0.8's parser, vendored into dockerd): `lexer` turns the
bytes into logical lines (directives, continuations, comments), `parser`
turns a line into an instruction the way that grammar does, `instructions`
checks each one as dockerd would and groups them into stages, `decision`
resolves and decides every image a build reads, and `writer` writes the one
canonical Dockerfile the proxy forwards. Whatever this package does not
understand is refused: dockerd never reads bytes the proxy did not write.
"""
