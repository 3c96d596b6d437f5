"""Python checks, one module per rule family; importing this package registers them all."""
from importlib import import_module

FAMILIES = ("tone", "template", "answer", "data", "links", "upsell")

for _family in FAMILIES:
    try:
        import_module(f"{__name__}.{_family}")
    except ModuleNotFoundError as e:  # a family not written yet
        if e.name != f"{__name__}.{_family}":
            raise
