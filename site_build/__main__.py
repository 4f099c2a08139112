import sys

from site_build.build import main

sys.exit(main())
