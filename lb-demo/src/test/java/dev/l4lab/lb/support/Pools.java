package dev.l4lab.lb.support;

import static io.restassured.RestAssured.given;

import java.util.List;

/** Test set-ups on a pool, through the admin API, undone afterwards. */
public final class Pools {

    private Pools() {
    }

    public interface Body {
        void run() throws Exception;
    }

    /** Adds {@code address} to the pool, puts every other backend in MAINT, runs the body, and undoes both. */
    public static void withOnlyBackend(String pool, String address, Body body) throws Exception {
        List<String> others = given().get("/pools/" + pool).then().statusCode(200).extract().path("backends.address");
        Lb.addBackend(pool, address);
        others.forEach(b -> Clients.setState(pool, b, "MAINT"));
        try {
            body.run();
        } finally {
            others.forEach(b -> Clients.setState(pool, b, "UP"));
            if (given().get("/pools/" + pool).then().extract().<List<String>>path("backends.address").contains(address)) {
                Lb.removeBackend(pool, address);
            }
        }
    }
}
