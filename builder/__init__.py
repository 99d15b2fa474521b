"""Connected Educator Month site generator.

The build is one pass: load -> validate -> model -> render -> write.
See builder/engine/build.py for the pipeline and README.md for the commands.
"""

__version__ = "0.1.0"
