from vpcmock.store.repository import Store, no_cyclic_gc
from vpcmock.store.storage import AtomicJSONStorage, open_database, open_storage

__all__ = ["Store", "no_cyclic_gc", "AtomicJSONStorage", "open_database", "open_storage"]
