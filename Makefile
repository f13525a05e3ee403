# The two commands a newcomer needs:
#   make run    install what is missing, build, start the demo at http://localhost:8080
#   make test   install what is missing, build, run every test
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
# The demo newspaper; the Townhall server it embeds runs beside it.
PORT ?= 8080
API_PORT ?= 8081

.PHONY: run test deps build bench format lint clean

deps:
	@bash scripts/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/townhall --db demo.db serve --demo --demo-port $(PORT) --port $(API_PORT)

test: build
	bash scripts/run-tests.sh $(BUILD_DIR)

bench: build
	bash bench/run.sh $(BUILD_DIR)

format:
	find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

# clang-tidy over the sources (slow: a few minutes on two cores).
lint: build
	git ls-files 'src/*.cpp' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	rm -rf $(BUILD_DIR)
