package uk.smartmeter.restricted.adapter.rest.security;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import uk.smartmeter.restricted.adapter.rest.RestSliceTest;

/** Local mode's token minting: a minted token is accepted by the API; bad requests are named problems. */
class LocalTokenControllerTest extends RestSliceTest {

    private String mint(String body) throws Exception {
        return mvc.perform(post("/local/tokens").contentType(MediaType.APPLICATION_JSON).content(body))
                .andReturn().getResponse().getContentAsString();
    }

    @Test
    void aMintedTokenIsAcceptedAndCarriesThePartyAndRole() throws Exception {
        String token = JsonPath.read(mint("{\"partyId\":\"REGULATOR-1\",\"roles\":[\"REGULATOR\"]}"), "$.token");

        mvc.perform(get("/api/v1/devices/not-an-id").header("Authorization", "Bearer " + token))
                .andExpect(status().isUnprocessableEntity());
        mvc.perform(get("/api/v1/devices/not-an-id").header("Authorization", "Bearer " + token + "x"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aTokenRequestWithoutRolesOrWithAnEmptyRoleIsANamedProblem() throws Exception {
        mvc.perform(post("/local/tokens").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"partyId\":\"P\",\"roles\":[null]}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors[0].field").value("roles"));
        mvc.perform(post("/local/tokens").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"partyId\":\"-bad\",\"roles\":[\"IS\"],\"validForSeconds\":0}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.length()").value(2));
    }

    @Test
    void anUnknownRoleIsAMalformedRequest() throws Exception {
        mvc.perform(post("/local/tokens").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"partyId\":\"P\",\"roles\":[\"KING\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("MALFORMED_REQUEST"));
    }
}
