from vpcmock.store.repository import Store
from vpcmock.store.storage import AtomicJSONStorage, open_database, open_storage

__all__ = ["Store", "AtomicJSONStorage", "open_database", "open_storage"]
